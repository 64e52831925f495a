"""Operations: migrations, seeding, running the stack."""
