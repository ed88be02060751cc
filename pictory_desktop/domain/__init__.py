"""Pure domain: storyboard model, catalog, credits, checks, project-file mapping. No Qt, no network."""
