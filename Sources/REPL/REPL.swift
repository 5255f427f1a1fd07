// REPL: the interactive prompt (GNU readline). The only room that imports CReadline.
