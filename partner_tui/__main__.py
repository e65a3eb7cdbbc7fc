from partner_tui.cli.dispatch import main

raise SystemExit(main())
