/*
 * loop_offload.c - a few helper threads for work that must block (the
 * health check, opening an event stream, connecting a pool slot): a FIFO
 * of tasks under one mutex.  A task resumes its connection through the
 * connection's loop when it is done; this file knows nothing of loops.
 *
 * It must not run a task on a loop's thread, nor touch a loop's state.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop_offload.h"

typedef struct Task
{
    struct Task *next;
    void        (*fn) (void *arg);
    void       *arg;
} Task;

static pthread_mutex_t task_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t task_cond = PTHREAD_COND_INITIALIZER;
static Task *task_head;
static Task *task_tail;
static bool tasks_stopping;
static pthread_t *helpers;
static int  nhelpers;

/* A helper thread: runs tasks until stopped and the queue is empty. */
static void *
helper_main(void *arg)
{
    (void) arg;
    pthread_mutex_lock(&task_lock);
    for (;;)
    {
        Task       *t = task_head;

        if (t == NULL)
        {
            if (tasks_stopping)
                break;
            pthread_cond_wait(&task_cond, &task_lock);
            continue;
        }
        task_head = t->next;
        if (task_head == NULL)
            task_tail = NULL;
        pthread_mutex_unlock(&task_lock);
        t->fn(t->arg);
        free(t);
        pthread_mutex_lock(&task_lock);
    }
    pthread_mutex_unlock(&task_lock);
    return NULL;
}

/* See loop.h. */
bool
loop_offload_start(int n, char *err, size_t errlen)
{
    helpers = calloc((size_t) n, sizeof(pthread_t));
    if (helpers == NULL)
    {
        snprintf(err, errlen, "calloc: out of memory");
        return false;
    }
    for (int i = 0; i < n; i++)
    {
        int         rc = pthread_create(&helpers[i], NULL, helper_main, NULL);

        if (rc != 0)
        {
            snprintf(err, errlen, "pthread_create: %s", strerror(rc));
            return false;
        }
        nhelpers++;
    }
    return true;
}

/* See loop.h. */
bool
loop_offload(void (*fn) (void *arg), void *arg)
{
    Task       *t = malloc(sizeof(Task));

    if (t == NULL)
        return false;
    t->next = NULL;
    t->fn = fn;
    t->arg = arg;
    pthread_mutex_lock(&task_lock);
    if (tasks_stopping)
    {
        /* nobody would run it */
        pthread_mutex_unlock(&task_lock);
        free(t);
        return false;
    }
    if (task_tail)
        task_tail->next = t;
    else
        task_head = t;
    task_tail = t;
    pthread_cond_signal(&task_cond);
    pthread_mutex_unlock(&task_lock);
    return true;
}

/* See loop.h. */
void
loop_offload_stop(void)
{
    pthread_mutex_lock(&task_lock);
    tasks_stopping = true;
    pthread_cond_broadcast(&task_cond);
    pthread_mutex_unlock(&task_lock);
    for (int i = 0; i < nhelpers; i++)
        pthread_join(helpers[i], NULL);
    nhelpers = 0;
}
