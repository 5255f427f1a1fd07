// Language: lexer, parser, AST and resolver. Knows nothing of tensors.
