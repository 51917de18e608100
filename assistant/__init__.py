"""StoryWorld: from stacked exciting moments to a story world, grounded in real Chinese and Korean cases."""

__version__ = "0.1.0"
