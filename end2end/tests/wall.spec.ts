import { accounts, expect, hydrated, signIn, snapshot, test, watchErrors } from './helpers';

test('the manager makes a wall link that opens without signing in', async ({ page, browser }, info) => {
  await signIn(page, accounts.manager);
  await page.goto('/displays');
  await hydrated(page);
  await page.getByLabel('名称').fill(`大厅屏 ${info.project.name}`);
  await page.getByRole('button', { name: '生成链接' }).click();
  const link = page.getByTestId('new-wall-link');
  await expect(link).toHaveText(/\/wall\/[0-9a-f]{32,}/);
  const path = (await link.textContent())!.trim();

  const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const wall = await wallContext.newPage();
  const wallErrors = watchErrors(wall);
  await wall.goto(path);
  await expect(wall.getByTestId('wall')).toBeVisible();
  await expect(wall.getByRole('heading', { level: 1 })).toContainText('简易服务中心');
  const size = await wall.getByRole('heading', { level: 1 }).evaluate(
    (el) => parseFloat(getComputedStyle(el).fontSize),
  );
  expect(size).toBeGreaterThanOrEqual(48);
  await expect(wall.getByRole('navigation')).toHaveCount(0);
  const shot = info.outputPath(`wall-screen-${info.project.name}.png`);
  await wall.screenshot({ path: shot });
  await info.attach('wall-screen', { path: shot, contentType: 'image/png' });

  await page.getByRole('listitem').filter({ hasText: `大厅屏 ${info.project.name}` })
    .getByRole('button', { name: '作废' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: `大厅屏 ${info.project.name}` }))
    .toContainText('已作废');
  await wall.reload();
  await expect(wall.getByRole('alert')).toContainText('此大屏链接已失效');
  expect(wallErrors).toEqual([]);
  await wallContext.close();
  await snapshot(page, info, 'displays');
});

test('an unknown wall link says it is not valid', async ({ page }) => {
  await page.goto('/wall/0000000000000000000000000000000000000000');
  await expect(page.getByRole('alert')).toContainText('此大屏链接已失效');
});

test('the wall screen follows a change of opening hours without reloading', async ({ page, browser }, info) => {
  test.skip(info.project.name !== 'wall', 'changes the station hours that other tests read');
  await signIn(page, accounts.manager);
  await page.goto('/displays');
  await hydrated(page);
  await page.getByLabel('名称').fill('推送测试屏');
  await page.getByRole('button', { name: '生成链接' }).click();
  const path = (await page.getByTestId('new-wall-link').textContent())!.trim();

  const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const wall = await wallContext.newPage();
  const wallErrors = watchErrors(wall);
  await wall.goto(path);
  await hydrated(wall);
  await expect(wall.getByText('营业时间 08:30–20:00')).toBeVisible();

  await page.goto('/station');
  await hydrated(page);
  await page.getByLabel('关门').fill('20:30');
  await page.getByRole('button', { name: '保存' }).first().click();
  await expect(page.getByTestId('hours')).toHaveText('08:30–20:30');
  await expect(wall.getByText('营业时间 08:30–20:30')).toBeVisible();

  await page.getByLabel('关门').fill('20:00');
  await page.getByRole('button', { name: '保存' }).first().click();
  await expect(wall.getByText('营业时间 08:30–20:00')).toBeVisible();
  expect(wallErrors).toEqual([]);
  await wallContext.close();
});
