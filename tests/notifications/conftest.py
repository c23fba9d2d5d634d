from tests.justice.conftest import two_victims, victims

__all__ = ["two_victims", "victims"]
