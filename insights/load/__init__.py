"""The `load` stage: read any comment export into the per-comment frame.

Example:
    >>> import pandas as pd
    >>> from insights.load import Loader, describe_columns
    >>> frame, info = Loader().load(pd.DataFrame({"CONTENT": ["nice"], "COMMENT_ID": ["a1"]}))
    >>> describe_columns(info)
    'text=CONTENT, id=COMMENT_ID'
"""

from insights.load.loader import Loader, describe_columns, load_comments

__all__ = ["Loader", "describe_columns", "load_comments"]
