// alma_widget (web/browser_shell.py): what the widget's pages need of React Router in the
// browser, without React Router. Each page is its own prerendered document: the server
// built the document with the real router; in the browser a page renders its one route,
// and going to another page loads that page.
import { createContext, createElement, forwardRef, useCallback, useContext, useEffect, useMemo, useState } from "react";

const OutletElement = createContext(null);
export const OutletProvider = OutletElement.Provider;
export function Outlet() {
  return useContext(OutletElement);
}

// The head and the tail of the document are the prerender's alone (in the browser,
// browser_shell/document.js stands for the document): nothing to draw here.
const nothing = () => null;
export { nothing as Links, nothing as Meta, nothing as Scripts, nothing as ScrollRestoration };

// The route module's props (loader data, params) are not used by Reflex's pages.
const asIs = (component) => component;
export {
  asIs as UNSAFE_withComponentProps,
  asIs as UNSAFE_withErrorBoundaryProps,
  asIs as UNSAFE_withHydrateFallbackProps,
};

const listeners = new Set();
const changed = () => listeners.forEach((listener) => listener());
window.addEventListener("popstate", changed);

function currentLocation() {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash, state: window.history.state?.usr ?? null, key: "default" };
}

export function useLocation() {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const follow = () => setLocation(currentLocation());
    listeners.add(follow);
    return () => listeners.delete(follow);
  }, []);
  return location;
}

export function useNavigate() {
  return useCallback((to, options = {}) => {
    if (typeof to === "number") return window.history.go(to);
    const url = new URL(to, window.location.href);
    const here = window.location;
    if (url.pathname === here.pathname && url.search === here.search) {
      const method = options.replace ? "replaceState" : "pushState";
      window.history[method]({ usr: options.state ?? null }, "", url);
      changed();
      return;
    }
    if (options.replace) window.location.replace(url);
    else window.location.assign(url);
  }, []);
}

const NO_PARAMS = Object.freeze({});
export const useParams = () => NO_PARAMS;

// Reflex reads the query only; nothing of the widget sets it.
export function useSearchParams() {
  const { search } = useLocation();
  return [useMemo(() => new URLSearchParams(search), [search])];
}

export const Link = forwardRef(function Link(
  { to, replace, state, reloadDocument, prefetch, preventScrollReset, relative, viewTransition, discover, ...rest },
  ref,
) {
  const href = typeof to === "string" ? to : (to.pathname ?? "") + (to.search ?? "") + (to.hash ?? "");
  return createElement("a", { ...rest, href, ref });
});
