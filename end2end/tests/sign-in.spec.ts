import { accounts, expect, hydrated, signIn, snapshot, test } from './helpers';

const positions = [
  { who: 'manager', mobile: accounts.manager, position: '服务中心经理', nav: '变更记录' },
  { who: 'dispatch clerk', mobile: accounts.dispatch, position: '接单内勤', nav: '人员' },
  { who: 'admin', mobile: accounts.admin, position: '系统管理员', nav: '用户' },
];

for (const { who, mobile, position, nav } of positions) {
  test(`the ${who} signs in and lands on their home page in Chinese`, async ({ page }, info) => {
    await signIn(page, mobile);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(page.getByText(position).first()).toBeVisible();
    if (info.project.name === 'phone') {
      // The bottom bar holds the first places; the rest are one tap away on 更多.
      const more = page.getByRole('navigation').getByRole('link', { name: '更多', exact: true });
      if (await more.isVisible()) {
        await more.click();
      }
    }
    await expect(page.getByRole('navigation').getByRole('link', { name: nav, exact: true }).first()).toBeVisible();
    await snapshot(page, info, `home-${who.replace(' ', '-')}`);
  });
}

test('field staff see their station on a one-hand layout with a bottom bar', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone', 'the bottom bar is the phone layout');
  await signIn(page, accounts.serviceStaff);
  const bar = page.getByRole('navigation').filter({ hasText: '我的' }).last();
  const box = await bar.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeGreaterThan(800);
  // The bar holds the first places; the rest are one tap away on 更多.
  await bar.getByRole('link', { name: '更多' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '人员' }).last().click();
  await expect(page.getByRole('heading', { name: '站点人员' })).toBeVisible();
  await expect(page.getByText(/共 \d+ 人/)).toBeVisible();
  await snapshot(page, info, 'staff-list');
});

test('a wrong password and a malformed number get clear messages', async ({ page }, info) => {
  test.skip(info.project.name !== 'tablet', 'failed sign-ins count towards the address lock-out');
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('手机号').fill('1380000');
  await page.getByLabel('密码').fill('whatever-it-is');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('手机号应为11位。');
  await page.getByLabel('手机号').fill(accounts.finance);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('手机号或密码不正确。');
  await expect(page).toHaveURL(/\/login$/);
});

test('signing out returns to the sign-in page and the home page stays closed', async ({ page }) => {
  await signIn(page, accounts.finance);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('signing in works before the script has loaded, errors included', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('手机号').fill('1380000');
  await page.getByLabel('密码').fill('whatever-it-is');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login\?failed=/);
  await expect(page.getByRole('alert')).toHaveText('手机号应为11位。');

  await page.getByLabel('手机号').fill(accounts.promoter);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('您好');
  await context.close();
});
