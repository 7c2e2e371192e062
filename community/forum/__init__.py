"""The forum: questions, answers, votes, search, notifications and moderation."""
