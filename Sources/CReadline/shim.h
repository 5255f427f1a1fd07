#include <stdio.h>            /* readline.h uses FILE */
#include <stdlib.h>           /* free() for returned lines */
#include <readline/readline.h>
#include <readline/history.h>
