// cajal-bench: benchmark programs that print figures beside their references.
print("cajal-bench")
