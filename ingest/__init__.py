"""Read government information-disclosure annual reports into records and facts."""
