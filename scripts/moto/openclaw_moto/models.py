"""Extra CloudFormation resource types for moto. Each class creates its resource through moto's own
service backend, so the product's real templates deploy and the resources are visible through the
service APIs. The module path must have at least two dotted parts (moto reads the second as the
service name)."""
