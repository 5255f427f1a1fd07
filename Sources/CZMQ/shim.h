/* ZeroMQ, the Jupyter kernel's sockets (Debian's libzmq3-dev). */
#include <zmq.h>
