"""What belongs to the person using partner-tui rather than to a data file: your name
(your_name.py), kept in the user config folder. Headless: no Textual here."""
