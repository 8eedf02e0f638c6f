"""Account writes, one module per job: registration, password reset, tokens, profile, avatars."""
