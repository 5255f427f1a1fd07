// The cajal executable: parses the command line and hands off to a room.
print("cajal 0.1.0")
