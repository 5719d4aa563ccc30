"""Test-only moto launcher: registers the CloudFormation models moto lacks, then runs moto_server.

moto builds its CloudFormation type map from the CloudFormationModel subclasses that exist when the
map is first used, so importing our models before main() adds resource types (see
shared/reference/moto-capabilities.md section 12). Arguments are moto_server's: -H 127.0.0.1 -p 0.
Never used by the product: it only makes the emulator closer to AWS for the tests.
With OPENCLAW_MOTO_STRICT=1 it also installs the strict mode (openclaw_moto/strict_iam.py).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import openclaw_moto.models  # noqa: E402,F401  (registers the extra CloudFormation types)
import openclaw_moto.cognito_rules  # noqa: E402,F401  (Cognito rules AWS enforces, always on)

if os.environ.get("OPENCLAW_MOTO_STRICT") == "1":
    # IAM enforcement usable for the product's roles (see the module); turned on per test via reset-auth
    import openclaw_moto.strict_iam  # noqa: E402,F401
from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
