"""CloudFormation models that moto 5.2.1 skips, backed by moto's own service backends (tests only)."""
