"""The application layer: what the command line and the GUI do, without Qt and without argparse.

- `casefile`: read and check a household file (with its decision beside it) and a policy file;
- `reference`: open the reference datasets;
- `assess`: the one place that decides the assessment date and computes;
- `sheets`: make a sheet and write it;
- `cases`: save a case with what the caller computed, verify a store;
- `dataset_audit`, `dataset_exchange`: a dataset against the published figures; export and verified import.

Every failure is a `ServiceError` carrying a message key (services.errors).
"""

from .errors import MESSAGES, ServiceError

__all__ = ["MESSAGES", "ServiceError"]
