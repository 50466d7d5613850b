"""Evaluation: synthetic reports, questions and benchmark metrics."""
