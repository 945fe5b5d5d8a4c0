import { accounts, expect, hydrated, signIn, snapshot, test } from './helpers';

test('a person switches to English and the choice is remembered', async ({ page }, info) => {
  await signIn(page, accounts.serviceSupervisor);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
  await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
  await snapshot(page, info, 'home-english');

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
});

test('the sign-in page is in Chinese whatever the browser asks for', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await context.close();
});
