"""The training register: courses, sessions, completions, and the courses an activity requires."""
