// Grader: exercises, checks and reports for learners and teachers.
