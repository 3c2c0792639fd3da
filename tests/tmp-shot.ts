import { launchChromium } from './e2e/support/chromium';
const { context, close } = await launchChromium();
const page = await context.newPage();
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console error:', m.text());
});
await page.setViewportSize({ width: 1000, height: 800 });
await page.goto(process.argv[2] ?? 'http://127.0.0.1:5199/');
await page.waitForSelector('[role=listitem]', { timeout: 20000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot.png' });
await close();
