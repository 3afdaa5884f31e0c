"""Demo companies for `make run`. The registry issue grows this into the scale generator."""


def demo_companies_create() -> int:
    return 0
