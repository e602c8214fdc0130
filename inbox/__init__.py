"""Reading a person's mailbox (read-only IMAP) to spot job-search mail and suggest what it means."""
