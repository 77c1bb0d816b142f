"""Readers and parsers of text: lesson Markdown, quiz bank, flashcards, CSV data, link values, formats."""
