"""Reading a person's mailbox (read-only IMAP) to spot job-search mail: no Django here yet."""
