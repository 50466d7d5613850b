"""The answering engine, the web app and the command line."""
