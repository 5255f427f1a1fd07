/* HMAC-SHA256 from OpenSSL's libcrypto (Debian's libssl-dev): Jupyter message signatures. */
#include <openssl/hmac.h>
#include <openssl/evp.h>
