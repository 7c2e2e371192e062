"""Verbind's learning part: courses, lessons, quizzes and certificates."""
