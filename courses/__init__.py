"""Verbind's learning part: courses, lessons, quizzes and certificates (issue 4 fills it in)."""
