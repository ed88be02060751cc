"""Example storyboards shipped with the app (File › New from example)."""
