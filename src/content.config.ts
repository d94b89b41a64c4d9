// Content collections. `sla`: the SLA policy, one markdown file per locale (content/sla/nl.md,
// content/sla/en.md; the entry id is the locale), rendered on /<locale>/sla above the live figures.
// Written from Sensey's SLA (shared/seed/sla-nl.txt, December 2024); the figures Baken computes follow
// DESIGN.md, so a change of policy means editing both.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const sla = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/sla' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** As the policy states it ("December 2024"); shown, never parsed. */
    lastUpdated: z.string().min(1),
  }),
});

export const collections = { sla };
