"""Helpers shared by the test suites, imported as `tests.helpers.<module>`.

seeding: write known partners, deals, templates or the demo program into a fresh file.
pilot: drive and read the app in Pilot tests (typing, the board's columns and focus).
reading: open the file as a second reader would, after the app's background writes.
torture: the reliability suite's real-process tools (a pty app, kills, the CLI).
planted: another file of the user's, for names planted beside the data file to point at.
hostile: text made of every control and bidi character, and the checks that none got through.
"""
