"""The user's side: the command line, the dashboard, charts and the generated docs tables."""
