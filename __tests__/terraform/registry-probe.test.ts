import { registryProbe } from '../../terraform-runner/registry-probe';

test('a host that cannot resolve is unreachable, with the reason; the answer is asked once per host', async () => {
  const probe = registryProbe({}, 3000);
  const first = probe('registry.example.invalid'); // .invalid never resolves (RFC 2606)
  expect(probe('registry.example.invalid')).toBe(first);
  const answer = await first;
  expect(answer.reachable).toBe(false);
  expect(answer.reason).toMatch(/^registry\.example\.invalid is unreachable \(/);
});

test('behind an HTTPS proxy it does not ask: terraform init decides', async () => {
  await expect(registryProbe({ HTTPS_PROXY: 'http://proxy:3128' })('registry.example.invalid')).resolves.toEqual({
    reachable: true,
    reason: 'behind a proxy: terraform init decides',
  });
});
