import { AzureOpenAI } from 'openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

let sim: RunningSimulator;
const apiVersion = '2024-10-21';

beforeAll(async () => {
  sim = await startSimulator({
    providers: [{ name: 'az', protocol: 'azure_openai', models: ['my-deployment'], strictModels: true, apiKey: 'azure-key', outputTokens: 6 }],
  });
});
afterAll(() => sim.close());

function azure(apiKey = 'azure-key'): AzureOpenAI {
  return new AzureOpenAI({ endpoint: sim.providers.az.baseUrl, apiKey, apiVersion, deployment: 'my-deployment', maxRetries: 0 });
}
const messages = [{ role: 'user' as const, content: 'Hello Azure deployment' }];

describe('Azure OpenAI through the SDK AzureOpenAI client', () => {
  it('serves the deployment path with api-version and the api-key header (non-streaming)', async () => {
    const completion = await azure().chat.completions.create({ model: 'ignored-by-azure', messages });
    expect(completion.model).toBe('my-deployment');
    expect(completion.choices[0].message.content?.split(' ')).toHaveLength(6);
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 6 });
    expect((completion as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
  });

  it('streams past the empty-choices prompt-filter first chunk', async () => {
    const stream = await azure().chat.completions.create({ model: 'x', messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0].choices).toEqual([]);
    expect((chunks[0] as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
    expect(chunks[1].choices[0].delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text.split(' ')).toHaveLength(6);
    expect(chunks[chunks.length - 1].usage).toMatchObject({ completion_tokens: 6 });
  });

  it('refuses a wrong key with 401 and the Azure envelope (string code)', async () => {
    const error = await azure('wrong').chat.completions.create({ model: 'x', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('401');
  });

  it('answers an unknown deployment with 404 DeploymentNotFound', async () => {
    const client = new AzureOpenAI({ endpoint: sim.providers.az.baseUrl, apiKey: 'azure-key', apiVersion, deployment: 'nope', maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'x', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('DeploymentNotFound');
  });

  it('requires the api-version query parameter on the raw wire', async () => {
    const response = await fetch(`${sim.providers.az.baseUrl}/openai/deployments/my-deployment/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'azure-key' },
      body: JSON.stringify({ messages }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('apim-request-id')).toMatch(/^req_sim/);
  });

  it('lists deployments at GET /openai/models?api-version=', async () => {
    const page = await azure().models.list();
    expect(page.data.map((model) => model.id)).toEqual(['my-deployment']);
  });
});
