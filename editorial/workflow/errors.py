"""What a refused workflow step raises: the message (Chinese) is shown to the editor as is."""


class WorkflowError(Exception):
    """A refused action; the message (Chinese) is shown to the editor as is."""


class ExplainedRefusal(WorkflowError):
    """Refused for something the user can fix on the piece (content checks, a publish time).

    The action is still offered (available_actions): clicking it says what to fix,
    where a missing button would say nothing.
    """


class ConflictError(WorkflowError):
    """Someone saved the piece after this form was loaded."""

    def __init__(self, message, current_version):
        super().__init__(message)
        self.current_version = current_version
