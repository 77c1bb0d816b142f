"""Readers and parsers of text: lesson Markdown, quiz bank, flashcards, CSV data sets, link values, formats."""
