// alma_widget (web/browser_shell.py): the document's shell in the browser. The prerender
// wrote <html>, <head> and <body>; the browser draws what is inside the body only.
export function Layout({ children }) {
  return children;
}
