// alma_widget (web/browser_shell.py): Preact takes the prerendered page's body over with its
// one route. The page's start-up script (written by the prerender) has loaded the root and
// route modules and named them here.
import { options } from "preact";
import { createElement, hydrate } from "preact/compat";
import { OutletProvider } from "react-router";

// React 19 hoists a page's <title> and <meta> into <head>, where the prerender wrote them;
// Preact would draw them a second time, at the end of the body.
const HEAD_ONLY = new Set(["title", "meta"]);
const nothing = () => null;
const previousVnode = options.vnode;
options.vnode = (vnode) => {
  if (HEAD_ONLY.has(vnode.type)) vnode.type = nothing;
  if (previousVnode) previousVnode(vnode);
};

const { root, ...routes } = window.__reactRouterRouteModules;
const [route] = Object.values(routes);
// The root's Layout (Reflex's providers, in a document shell that draws the body's content
// only) around the root's component, whose Outlet is the route.
const app = createElement(
  OutletProvider,
  { value: route ? createElement(route.default) : null },
  createElement(root.default),
);
hydrate(createElement(root.Layout, null, app), document.body);
