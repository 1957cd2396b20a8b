import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { writeTarGz } from '@gtcx/core';
import {
  HookStage,
  InjectionMode,
  type Question,
  QuestionType,
  RenderOutput,
  type RenderServiceServer,
  type TemplateServiceServer,
  TemplateSource,
  type TemplateSummary,
} from '@gtcx/sdk/proto';
import { unary } from '../../grpc/unary.js';
import type { TemplatesService } from './service.js';
import type { QuestionView, TemplateSummaryView } from './views.js';

/** gtcx.v1.TemplateService over the same service functions as GET /v1/templates and /v1/templates/{id}. */
export function templateServiceImplementation(
  service: TemplatesService,
  logError?: (error: unknown) => void,
): TemplateServiceServer {
  return {
    listTemplates: unary(logError, async (request) => {
      const page = await service.list({
        q: request.query === '' ? undefined : request.query,
        limit: request.pageSize,
        cursor: request.pageToken === '' ? undefined : request.pageToken,
      });
      return { templates: page.items.map(summaryMessage), nextPageToken: page.nextCursor ?? '' };
    }),
    getTemplate: unary(logError, async (request) => {
      const template = await service.get(request.id, request.version);
      return {
        template: {
          ...summaryMessage(template),
          versions: template.versions,
          questions: template.questions.map(questionMessage),
        },
      };
    }),
  };
}

/** gtcx.v1.RenderService over the same service function as POST /v1/renders. */
export function renderServiceImplementation(
  service: TemplatesService,
  logError?: (error: unknown) => void,
): RenderServiceServer {
  return {
    createRender: unary(logError, async (request) => {
      const render = await service.render({
        template: request.template,
        version: request.version,
        answers: request.answers ?? {},
        useDefaults: request.useDefaults,
        dryRun: request.dryRun,
      });
      const tarball = request.output === RenderOutput.RENDER_OUTPUT_TARBALL && !render.dryRun;
      return {
        template: render.template,
        version: render.version,
        dryRun: render.dryRun,
        files: tarball
          ? []
          : render.files.map((file) => ({
              path: file.path,
              size: file.size,
              mode: file.mode,
              sha256: file.sha256,
              content: file.content ?? Buffer.alloc(0),
            })),
        hooks: render.hooks.map((hook) => ({
          stage: hook.stage === 'pre' ? HookStage.HOOK_STAGE_PRE : HookStage.HOOK_STAGE_POST,
          command: hook.command,
        })),
        tarball: tarball ? writeTarGz(render.tree) : Buffer.alloc(0),
        injections: render.injections.map((injection) => ({
          path: injection.file,
          mode: injectionModes[injection.mode],
          pattern: injection.pattern ?? '',
          content: injection.content,
          marker: injection.marker,
        })),
      };
    }),
  };
}

const injectionModes = {
  append: InjectionMode.INJECTION_MODE_APPEND,
  prepend: InjectionMode.INJECTION_MODE_PREPEND,
  before: InjectionMode.INJECTION_MODE_BEFORE,
  after: InjectionMode.INJECTION_MODE_AFTER,
} as const;

function summaryMessage(summary: TemplateSummaryView): TemplateSummary {
  return {
    id: summary.id,
    name: summary.name,
    version: summary.version,
    description: summary.description,
    source:
      summary.source === 'pack'
        ? TemplateSource.TEMPLATE_SOURCE_PACK
        : TemplateSource.TEMPLATE_SOURCE_BUILTIN,
    pack: summary.pack,
  };
}

const questionTypes: Record<QuestionView['type'], QuestionType> = {
  string: QuestionType.QUESTION_TYPE_STRING,
  number: QuestionType.QUESTION_TYPE_NUMBER,
  boolean: QuestionType.QUESTION_TYPE_BOOLEAN,
  select: QuestionType.QUESTION_TYPE_SELECT,
  multiselect: QuestionType.QUESTION_TYPE_MULTISELECT,
  secret: QuestionType.QUESTION_TYPE_SECRET,
  path: QuestionType.QUESTION_TYPE_PATH,
};

function questionMessage(question: QuestionView): Question {
  return {
    name: question.name,
    type: questionTypes[question.type],
    message: question.message,
    help: question.help ?? '',
    default: question.default,
    required: question.required,
    choices: (question.choices ?? []).map((choice) => ({ value: choice.value, label: choice.label ?? '' })),
    validate:
      question.validate === undefined
        ? undefined
        : {
            pattern: question.validate.pattern ?? '',
            min: question.validate.min,
            max: question.validate.max,
            message: question.validate.message ?? '',
          },
    when: question.when ?? '',
  };
}

/** This module's gRPC services by fully qualified name. */
export function templatesGrpcServices(
  service: TemplatesService,
  logError?: (error: unknown) => void,
): Record<string, UntypedServiceImplementation> {
  return {
    'gtcx.v1.TemplateService': templateServiceImplementation(service, logError),
    'gtcx.v1.RenderService': renderServiceImplementation(service, logError),
  };
}
