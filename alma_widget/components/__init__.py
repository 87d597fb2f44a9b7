"""The widget's parts, one file per step; each a pure function of the state and the content."""
