"""Which operation of a document runs: the one the client named, or the only one."""

from __future__ import annotations

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode

from tkgraph.errors import BadRequestError


def chosen_operation(document: DocumentNode, operation_name: str | None
                     ) -> OperationDefinitionNode | GraphQLError:  # fmt: skip
    """The operation to run, or an error saying why there is none (graphql-core
    would otherwise pick one or fail later with a less helpful message)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) == 1:
            return operations[0]
        if not operations:
            return _bad_request("The document has no operation.", "Send a query { ... }.")
        names = ", ".join(o.name.value if o.name else "(unnamed)" for o in operations)
        return _bad_request(
            f"The document has {len(operations)} operations ({names}) and no operationName.",
            "Send operationName naming the one to run.",
        )
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    names = ", ".join(o.name.value for o in operations if o.name) or "none"
    return _bad_request(
        f"No operation named '{operation_name}' in the document (named operations: {names}).",
        "Fix operationName or leave it out for a document with one operation.",
    )


def _bad_request(message: str, hint: str) -> GraphQLError:
    error = BadRequestError(message, hint)
    return GraphQLError(str(error), extensions={"code": error.code})
