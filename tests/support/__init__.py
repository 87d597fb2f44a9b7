"""Helpers the tests share (test modules never import one another)."""
