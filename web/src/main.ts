import "./style.css";
import { api, ApiError, session } from "./api";
import { app, describe, forgetStateReports, myReports, page, say } from "./app";
import { clear, field, h, select } from "./dom";
import { fmt, languages, language, setLanguage, t } from "./strings";
import type { Me } from "./types";
import { reportPage } from "./pages/focal";
import { minePage } from "./pages/mine";

type Page = (params: URLSearchParams) => Promise<void>;

/**
 * A page whose code is a chunk of its own, fetched when first opened (or ahead, once the caller's role is known): a focal
 * point on a slow line downloads the arrival page and the form only, not the secretariat's, the observers' or the admin's.
 */
interface Lazy { page: Page; load: () => Promise<unknown> }
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Page): Lazy {
  return { page: async (params) => pick(await load())(params), load };
}
const secretariat = () => import("./pages/secretariat");
const summary = () => import("./pages/summary");
const admin = () => import("./pages/admin");
const observer = () => import("./pages/observer");

// Which role may open which page; the API checks every call anyway, this only keeps menus honest.
// Focal points arrive at their reports (mine) and open one there; the secretariat opens a state's report from the grid.
// `observes`: also open to a caller who is an observer of some plan while holding a stronger role elsewhere.
const routes: Record<string, { page: Page; load?: () => Promise<unknown>; roles: Me["role"][]; nav?: keyof typeof t.nav; navRoles?: Me["role"][]; observes?: boolean }> = {
  mine: { page: minePage, roles: ["focalPoint"], nav: "mine" },
  report: { page: reportPage, roles: ["focalPoint", "secretariat", "admin"] },
  grid: { ...lazy(secretariat, (m) => m.gridPage), roles: ["secretariat", "admin"], nav: "grid" },
  submission: { ...lazy(secretariat, (m) => m.reviewPage), roles: ["secretariat", "admin"] },
  summary: { ...lazy(summary, (m) => m.summaryPage), roles: ["focalPoint", "secretariat", "admin"], nav: "summary" },
  reports: { ...lazy(summary, (m) => m.reportsPage), roles: ["focalPoint", "secretariat", "admin"], nav: "reports" },
  plans: { ...lazy(admin, (m) => m.plansPage), roles: ["admin"], nav: "plans" },
  keys: { ...lazy(admin, (m) => m.keysPage), roles: ["admin"], nav: "keys" },
  windows: { ...lazy(admin, (m) => m.windowsPage), roles: ["secretariat", "admin"], nav: "windows" },
  comments: { ...lazy(() => import("./pages/consultation"), (m) => m.commentsPage), roles: ["secretariat", "admin"], nav: "comments" },
  access: { ...lazy(() => import("./pages/access"), (m) => m.accessPage), roles: ["admin"], nav: "access" },
  // The evaluation against a framework's key result areas (plan section 5.4), over the plans in the caller's scope.
  evaluation: { ...lazy(() => import("./pages/evaluation"), (m) => m.evaluationPage), roles: ["secretariat", "admin"], nav: "evaluation" },
  // Civil-society observers: final figures and final reports only, and their comments on those reports.
  figures: { ...lazy(observer, (m) => m.figuresPage), roles: ["observer"], nav: "figures", observes: true },
  consult: { ...lazy(observer, (m) => m.consultPage), roles: ["observer"], nav: "consult", observes: true },
};

function observesSomewhere(me: Me): boolean {
  return (me.plans ?? []).some((p) => p.access === "observer");
}

function home(me: Me): string {
  return me.role === "focalPoint" ? "mine" : me.role === "observer" ? "figures" : "grid";
}

// Who signed in, kept with the key for this tab, so a reload starts at once (the API still checks every call).
const ME = "reporting.me";
const rememberedMe = (): Me | null => {
  try {
    return session.key ? (JSON.parse(sessionStorage.getItem(ME) ?? "null") as Me | null) : null;
  } catch {
    return null;
  }
};

async function whoAmI(): Promise<Me | null> {
  try {
    const me = (await api<Me>("GET", "access/me")).data;
    sessionStorage.setItem(ME, JSON.stringify(me));
    return me;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** Behind App Service Authentication /.auth/me exists (200 or 401); on the standalone server it does not (404). */
async function hasOrganisationSignIn(): Promise<boolean> {
  try {
    const r = await fetch("/.auth/me", { credentials: "same-origin" });
    return r.status !== 404;
  } catch {
    return false;
  }
}

let organisation: Promise<boolean> | null = null;

function signInPage(message?: string): void {
  const key = h("input", { type: "password", autocomplete: "off", spellcheck: "false", required: true });
  const error = h("p", { class: "field-error", id: "signin-error" }, message ?? "");
  if (message) {
    key.setAttribute("aria-invalid", "true");
    key.setAttribute("aria-describedby", error.id);
  }
  const button = h("button", { type: "submit" }, t.signIn.submit);
  const form = h("form", { class: "card narrow", onsubmit: async (e: Event) => {
    e.preventDefault();
    if (!key.value.trim()) return signInPage(t.signIn.empty);
    session.key = key.value.trim();
    button.disabled = true;
    button.textContent = t.signIn.checking;
    // A focal point's reports travel alongside the check of the key: the arrival page needs no second round trip.
    void myReports().catch(() => undefined);
    try {
      const me = await whoAmI();
      if (!me) {
        session.key = null;
        return signInPage(t.signIn.unknownKey);
      }
      start(me);
    } catch (err) {
      session.key = null;
      signInPage(fmt(t.signIn.refused, { detail: describe(err) }));
    }
  } },
  h("p", {}, t.signIn.intro),
  field(t.signIn.key, key),
  error,
  button);
  const organisationHost = h("div", {});
  renderChrome(null);
  page(t.signIn.heading, organisationHost, form);
  key.focus();
  // Behind App Service Authentication the organisation button appears once the platform answers; nothing waits for it.
  organisation ??= hasOrganisationSignIn();
  void organisation.then((yes) => {
    if (yes && organisationHost.isConnected)
      organisationHost.append(h("p", {}, h("a", { class: "button secondary", href: "/.auth/login/aad?post_login_redirect_uri=" + encodeURIComponent(location.pathname) }, t.signIn.organisation)));
  });
}

/** The language menu: in every page's header, the sign-in page's too. */
function languagePicker(): HTMLElement {
  const choice = select(languages.map((l) => [l.code, l.name]), language().code, { "aria-label": t.app.language, class: "language" });
  choice.addEventListener("change", () => {
    if (app.leaving && !app.leaving()) {
      choice.value = language().code;
      return;
    }
    app.leaving = null;
    setLanguage(choice.value);
    document.getElementById("brand")!.textContent = t.app.title;
    document.getElementById("skip")!.textContent = t.app.skip;
    if (app.me) void route();
    else signInPage();
  });
  return choice;
}

function renderChrome(me: Me | null): void {
  const nav = document.getElementById("nav")!;
  const who = document.getElementById("who")!;
  clear(nav);
  clear(who);
  if (!me) {
    who.append(languagePicker());
    return;
  }
  const current = location.hash.slice(2).split("?")[0];
  const links = Object.entries(routes)
    .filter(([, r]) => r.nav && ((r.navRoles ?? r.roles).includes(me.role) || (r.observes && observesSomewhere(me))))
    .map(([name, r]) => h("li", {}, h("a", { href: "#/" + name, "aria-current": name === current || (name === "mine" && current === "report") ? "page" : null }, t.nav[r.nav!])));
  nav.append(h("ul", {}, links));
  who.append(
    h("span", {}, fmt(t.app.signedInAs, { name: me.name }) + " · " + t.roles[me.role] + (me.state ? " " + me.state : "")),
    languagePicker(),
    me.authentication === "apiKey"
      ? h("button", { type: "button", class: "secondary", onclick: () => {
        if (app.leaving && !app.leaving()) return;
        app.leaving = null;
        session.key = null;
        sessionStorage.removeItem(ME);
        app.me = null;
        forgetStateReports();
        history.replaceState(null, "", location.pathname);
        signInPage();
      } }, t.app.signOut)
      : h("a", { class: "button secondary", href: "/.auth/logout" }, t.app.signOut));
}

// One navigation at a time: a slow page finishing after a newer one must not paint over it.
let routing: Promise<void> = Promise.resolve();
function route(): Promise<void> {
  routing = routing.then(render, render);
  return routing;
}

/** The address of the page on screen: a page with unsaved work that keeps the person there goes back to it. */
let shown = location.hash;

async function render(): Promise<void> {
  const me = app.me;
  if (!me) return;
  const hash = location.hash.slice(2);
  const [name, query] = [hash.split("?")[0], new URLSearchParams(hash.split("?")[1] ?? "")];
  const target = routes[name];
  if (!target || !(target.roles.includes(me.role) || (target.observes && observesSomewhere(me)))) {
    location.replace("#/" + home(me));
    return;
  }
  shown = location.hash;
  app.leaving = null;
  renderChrome(me);
  // On a slow line the old page stays until the new one has its data: say that it is coming.
  say(t.app.loading);
  try {
    await target.page(query);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.key = null;
      sessionStorage.removeItem(ME);
      app.me = null;
      return signInPage(describe(error));
    }
    page(t.app.problemHeading, h("p", { class: "error-summary", role: "alert" }, describe(error)));
  } finally {
    if (document.getElementById("status")!.textContent === t.app.loading) say("");
  }
  const heading = document.querySelector<HTMLElement>("main h1");
  heading?.focus({ preventScroll: true });
}

function start(me: Me): void {
  app.me = me;
  // The code of the caller's own pages starts loading now, alongside the first page's data, not after it; another role's
  // pages are never fetched. A focal point's arrival page and form come with the app: on a slow line nothing competes with them.
  if (me.role !== "focalPoint")
    for (const r of Object.values(routes)) if (r.load && r.roles.includes(me.role)) void r.load().catch(() => undefined);
  // Replacing the hash fires hashchange, which routes; render directly only when the address stays.
  if (!location.hash.startsWith("#/") || location.hash === "#/") location.replace("#/" + home(me));
  else void route();
}

async function boot(): Promise<void> {
  document.getElementById("brand")!.textContent = t.app.title;
  const skip = document.getElementById("skip")!;
  skip.textContent = t.app.skip;
  // The skip link must not change the hash (that is the router's).
  skip.addEventListener("click", (e) => {
    e.preventDefault();
    document.getElementById("main")!.focus();
  });
  window.addEventListener("hashchange", () => {
    // A page with unsaved work may keep the person: then the address goes back to it, and nothing re-renders.
    if (location.hash !== shown && app.leaving && !app.leaving()) {
      history.replaceState(null, "", shown);
      return;
    }
    void route();
  });
  const remembered = rememberedMe();
  if (remembered) {
    // A reload of a signed-in tab: start now; the check runs alongside (a key revoked meanwhile ends on the first 401).
    start(remembered);
    void whoAmI().catch(() => null);
    return;
  }
  if (!session.key) {
    // Nothing to check on a slow line before showing the sign-in form. Behind App Service Authentication a signed-in
    // person (the platform's cookie, /.auth/me answering 200) goes straight in. Asked before the form is drawn, so the form's
    // organisation button waits for this same answer instead of asking again.
    organisation = fetch("/.auth/me", { credentials: "same-origin" }).then(async (r) => {
      if (r.ok) {
        const me = await whoAmI().catch(() => null);
        if (me && !app.me) start(me);
      }
      return r.status !== 404;
    }).catch(() => false);
    signInPage();
    return;
  }
  page(t.app.loading);
  try {
    const me = await whoAmI();
    if (me) start(me);
    else signInPage();
  } catch (error) {
    page(t.app.title, h("p", { class: "error-summary", role: "alert" }, describe(error)));
  }
}

void boot();
