// The three engines the browser suite runs in, all Debian packages (no browser is
// downloaded): Chromium and Firefox ESR through puppeteer-core (Chromium over CDP as
// before, Firefox over WebDriver BiDi), WebKit (WebKitGTK's MiniBrowser) through
// WebKitWebDriver and webdriverio. Plus one command plugin that sets the viewport
// and presses keys the same way in each (see ./commands.ts for why).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { Key } from 'webdriverio';

const firstExisting = (paths) => paths.find((p) => p && existsSync(p));

export const CHROMIUM = process.env.CHROME_PATH ?? firstExisting(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
export const FIREFOX = process.env.FIREFOX_PATH ?? firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? firstExisting(['/usr/bin/WebKitWebDriver']);
export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER_PATH ?? firstExisting(['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkit2gtk-4.1/MiniBrowser']);

export function chromiumLauncher() {
  return chromeLauncher({
    launchOptions: {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  });
}

/** Firefox ESR speaks WebDriver BiDi, which puppeteer-core drives natively: no geckodriver (not in Debian) needed. */
export function firefoxLauncher() {
  return chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: { browser: 'firefox', executablePath: FIREFOX, headless: true },
  });
}

/** A free TCP port on the loopback (WebKitWebDriver takes a port number, not 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Xvfb on the first free display (-displayfd): WebKitGTK's MiniBrowser has no headless mode. */
export function startXvfb() {
  return new Promise((resolve, reject) => {
    const child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdio[3].on('data', (c) => resolve({ display: `:${c.toString().trim()}`, child }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err}`)));
  });
}

export async function waitForDriver(url, child) {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 200 && !exited; i++) {
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`WebKitWebDriver did not answer on ${url}`);
}

/**
 * MiniBrowser's toolbar keeps its window at least 447 px wide, too wide for the
 * 360 px phone checks. A GTK style sheet for the test rig only (the page is drawn
 * by WebKit, not styled by GTK) shrinks the toolbar to nothing.
 */
export function gtkConfigHome() {
  const dir = mkdtempSync(join(tmpdir(), 'qala-webkit-gtk-'));
  mkdirSync(join(dir, 'gtk-3.0'));
  writeFileSync(
    join(dir, 'gtk-3.0', 'gtk.css'),
    'window.background > box > *, window.background > box > * * { font-size: 1px; min-width: 0; min-height: 0; margin: 0; padding: 0; border-width: 0; -gtk-icon-transform: scale(0); }\n',
  );
  return dir;
}

/**
 * WebKit through WebKitWebDriver: the launcher starts Xvfb (unless a DISPLAY is
 * given) and the driver itself, then hands over to @web/test-runner-webdriver.
 */
class WebKitLauncher extends WebdriverLauncher {
  #children = [];
  #configHome;

  constructor() {
    super({
      hostname: '127.0.0.1',
      port: 0,
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver; webdriverio would otherwise ask for BiDi.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    });
  }

  async initialize(config, testFiles) {
    const killAll = () => this.#children.forEach((c) => c.kill());
    process.once('exit', killAll);
    let display = process.env.DISPLAY;
    if (!display) {
      const xvfb = await startXvfb();
      this.#children.push(xvfb.child);
      display = xvfb.display;
    }
    const port = await freePort();
    this.#configHome = gtkConfigHome();
    const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display, XDG_CONFIG_HOME: this.#configHome }, stdio: 'ignore' });
    this.#children.push(driver);
    await waitForDriver(`http://127.0.0.1:${port}`, driver);
    this.options.port = port;
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async startSession(id, url) {
    await this.ensureManagerInitialized();
    // The same page size the Chromium and Firefox launchers give every test file.
    if (!this.viewportSet) {
      await setWebdriverViewport(this.driver, { width: 800, height: 600 });
      this.viewportSet = true;
    }
    return super.startSession(id, url);
  }

  async stop() {
    await super.stop();
    for (const child of this.#children.splice(0)) child.kill();
    if (this.#configHome) rmSync(this.#configHome, { recursive: true, force: true });
  }
}

export function webkitLauncher() {
  return new WebKitLauncher();
}

/** The page's size once it has stopped changing (WebKit resizes the window after `setWindowRect` answers). */
async function settledInnerSize(driver) {
  const read = () => driver.execute(() => [window.innerWidth, window.innerHeight]);
  let last = await read();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = await read();
    if (now[0] === last[0] && now[1] === last[1]) return now;
    last = now;
  }
  return last;
}

/**
 * WebDriver sizes the window, not the page: size it, measure what the page got once it settles, correct by the
 * difference. A size read before the resize landed (the page still at the last test's size) must not make the
 * correction ask for a negative width ("Invalid width value when running window/rect", seen once in WebKit): the
 * window is never asked for less than the page, and it measures again.
 */
async function setWebdriverViewport(driver, { width, height }) {
  let outer = [width, height];
  let inner;
  for (let attempt = 0; attempt < 4; attempt++) {
    await driver.setWindowRect(null, null, outer[0], outer[1]);
    inner = await settledInnerSize(driver);
    if (inner[0] === width && inner[1] === height) return;
    outer = [Math.max(width, outer[0] + width - inner[0]), Math.max(height, outer[1] + height - inner[1])];
  }
  throw new Error(`qala-set-viewport: asked for ${width}×${height}, the page is ${inner[0]}×${inner[1]}`);
}

const WEBDRIVER_KEYS = {
  Enter: Key.Enter,
  Tab: Key.Tab,
  Escape: Key.Escape,
  Space: Key.Space,
  Backspace: Key.Backspace,
  Delete: Key.Delete,
  Home: Key.Home,
  End: Key.End,
  PageUp: Key.PageUp,
  PageDown: Key.PageDown,
  ArrowUp: Key.ArrowUp,
  ArrowDown: Key.ArrowDown,
  ArrowLeft: Key.ArrowLeft,
  ArrowRight: Key.ArrowRight,
  Shift: Key.Shift,
  Control: Key.Control,
  Alt: Key.Alt,
  Meta: Key.Command,
};

function webdriverKey(name) {
  if ([...name].length === 1) return name;
  const key = WEBDRIVER_KEYS[name];
  if (!key) throw new Error(`qala-send-keys: no WebDriver key for "${name}"`);
  return key;
}

/**
 * `qala-set-viewport` and `qala-send-keys`, answered for puppeteer (Chromium, Firefox)
 * and webdriver (WebKit) sessions alike. The stock set-viewport command has no
 * webdriver branch, its send-keys has no down/up there, and puppeteer's BiDi keyboard
 * does not know the key name "Space" (only " ").
 */
export function engineCommandsPlugin() {
  return {
    name: 'qala-engine-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'qala-set-viewport' && command !== 'qala-send-keys') return undefined;
      const browser = session.browser;
      if (browser.type === 'puppeteer') {
        const page = browser.getPage(session.id);
        if (command === 'qala-set-viewport') {
          await page.setViewport(payload);
          return true;
        }
        const key = (name) => (name === 'Space' ? ' ' : name);
        if ('type' in payload) await page.keyboard.type(payload.type);
        else if ('press' in payload) await page.keyboard.press(key(payload.press));
        else if ('down' in payload) await page.keyboard.down(key(payload.down));
        else await page.keyboard.up(key(payload.up));
        return true;
      }
      if (browser.type === 'webdriver') {
        const driver = browser.driver;
        if (command === 'qala-set-viewport') {
          await setWebdriverViewport(driver, payload);
          return true;
        }
        let actions;
        if ('type' in payload) actions = [...payload.type].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }]);
        else if ('press' in payload) actions = [{ type: 'keyDown', value: webdriverKey(payload.press) }, { type: 'keyUp', value: webdriverKey(payload.press) }];
        else if ('down' in payload) actions = [{ type: 'keyDown', value: webdriverKey(payload.down) }];
        else actions = [{ type: 'keyUp', value: webdriverKey(payload.up) }];
        await driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
        return true;
      }
      throw new Error(`${command}: no support for browser type ${browser.type}`);
    },
  };
}
