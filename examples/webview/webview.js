// The fragment is the href your backend created (web.href): a fragment never reaches a server.
const href = location.hash.slice(1);
if (href) document.querySelector("jumio-verification").setAttribute("href", href);
