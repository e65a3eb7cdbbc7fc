"""The Textual UI: one folder per feature, the app above them, shared pieces below.

    app.py         PartnerApp: the screen stack and navigation, quitting, signals
    session.py     StoreSession: opens the data file (preview, lock, errors, conflicts)
    board/ form/ outreach/ dashboard/ payouts/ settings/ help/
                   a feature each: its screen, .tcss, widgets and palette commands;
                   they never import each other (the app opens every screen)
    dialogs/       modal dialogs several features use (confirm/choice, text, profile)
    common/        PartnerScreen (the base of full screens), PartnerAppAPI, shared widgets
    screenshots.py, serve.py   the pictures in screens/, and the app in a browser

The import contracts in pyproject.toml hold these arrows.
"""
