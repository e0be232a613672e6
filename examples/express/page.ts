// The verification page's HTML. The element's script comes first, in the head, so that it hears
// the web client's `loaded`; the frame is in the HTML, as the guide asks ("The iFrame must be
// present when the page loads"), and the element adopts it.

/** A whole page around `content`: HTML that is already escaped, such as renderVerificationHtml's. */
export function verificationPage(content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verify your identity</title>
<script src="/jumio-verification.min.js"></script>
</head>
<body>
<main>
<h1>Verify your identity</h1>
${content}
</main>
</body>
</html>
`;
}
